package bank.account;

/** A transfer as the account service sees it: move {@code amount} from one account to another. */
record Legs(String transferId, String from, String to, long amount) {
}
