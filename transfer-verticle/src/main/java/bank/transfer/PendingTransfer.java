package bank.transfer;

/** A recorded transfer that still has to be applied by the account service. */
record PendingTransfer(String id, String from, String to, long amount, String requestId) {
}
