package bank.common;

/** A failure a service reports to its caller with a code: bad input, not found, a conflict. */
public final class ServiceException extends RuntimeException {

  private final ErrorCode code;

  public ServiceException(ErrorCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
