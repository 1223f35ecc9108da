/** The audit service's contract: {@link bank.contracts.audit.AuditService}. */
package bank.contracts.audit;
