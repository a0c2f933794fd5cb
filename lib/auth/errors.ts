/** A request that is not allowed: 401 anonymous, 403 without the permission, 429 too many. */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 429,
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}
