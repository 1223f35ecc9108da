package bank.account;

/** A movement of one account (its rules: apply_movement in R__money_rules.sql), and the audit event it leaves. */
enum MovementKind {
  DEPOSIT("dep", "DepositMade"),
  WITHDRAWAL("wdr", "WithdrawalMade");

  final String idPrefix;
  final String eventType;

  MovementKind(String idPrefix, String eventType) {
    this.idPrefix = idPrefix;
    this.eventType = eventType;
  }
}
