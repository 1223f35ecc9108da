package bank.account;

/** What a movement does to one account, and the audit event it leaves. */
enum MovementKind {
  DEPOSIT("dep", "DepositMade", 1),
  WITHDRAWAL("wdr", "WithdrawalMade", -1);

  final String idPrefix;
  final String eventType;
  final int sign;

  MovementKind(String idPrefix, String eventType, int sign) {
    this.idPrefix = idPrefix;
    this.eventType = eventType;
    this.sign = sign;
  }
}
