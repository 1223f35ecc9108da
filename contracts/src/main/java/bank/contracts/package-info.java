/**
 * The bank's event-bus contracts. Each service has one {@code @ProxyGen} interface, whose Javadoc
 * is its contract, and whose generated proxy and handler carry its calls: the proxy sends the
 * method's name as the {@code action} header and its arguments as a JSON object keyed by parameter
 * name; the handler replies with the result's JSON, or fails with an {@code ErrorCode}'s code.
 *
 * <p>Every method takes a {@link bank.contracts.CallContext} first: who asks, for which request,
 * within what time, and which version of the contract the caller speaks. Readers are tolerant: a
 * field they do not know is ignored, a missing one gets its default. A change that breaks that is
 * a new contract version, served beside the old one for at least one release.
 */
@ModuleGen(name = "bank-contracts", groupPackage = "bank.contracts")
package bank.contracts;

import io.vertx.codegen.annotations.ModuleGen;
