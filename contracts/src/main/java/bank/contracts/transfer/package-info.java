/** The transfer service's contract: {@link bank.contracts.transfer.TransferService}. */
package bank.contracts.transfer;
