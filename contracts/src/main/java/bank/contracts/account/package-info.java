/** The account service's contract: {@link bank.contracts.account.AccountService}. */
package bank.contracts.account;
