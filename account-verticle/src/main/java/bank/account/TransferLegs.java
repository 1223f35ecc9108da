package bank.account;

/** A transfer as the account service sees it: move {@code amount} from one account to another. */
record TransferLegs(String transferId, String from, String to, long amount) {
}
