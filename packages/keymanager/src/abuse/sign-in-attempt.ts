import { TooManyRequests } from "../errors";
import type { KeyManager } from "../key-manager";
import type { AbuseLimiter } from "./sliding-window";

/**
 * One sign-in attempt (the login form, the password grant, NTLM, Kerberos) reserved against the
 * failed sign-in limits before its credentials are verified. Each reservation checks and counts
 * in one step, so guesses sent in parallel cannot all pass the check before any failure is
 * counted: at most the limit's number of them is ever verified. A success gives the reservations
 * back (only failures count, so a busy office behind one address is never slowed down); a
 * failure, or anything else that ends the attempt, keeps them.
 *
 * @example
 * const attempt = await SignInAttempt.reserve(km, { address, username });
 * const user = await authenticateUser(km.db, username, password);
 * if (!user) throw new InvalidGrant("wrong username or password");
 * await attempt.succeeded();
 */
export class SignInAttempt {
  private readonly held: Array<() => void | Promise<void>> = [];

  private constructor(private readonly km: KeyManager) {}

  /** Reserves against the per-address limit and, when given, the per-username one; over either: TooManyRequests, nothing kept. */
  static async reserve(km: KeyManager, who: { address: string; username?: string }): Promise<SignInAttempt> {
    const attempt = new SignInAttempt(km);
    await attempt.hold(km.limiters.loginPerAddress, `addr:${who.address}`);
    if (who.username !== undefined) await attempt.addUsername(who.username);
    return attempt;
  }

  /** Adds the per-username limit once the username is known (NTLM reads it from the Type 3 message). */
  async addUsername(username: string): Promise<void> {
    await this.hold(this.km.limiters.loginPerUsername, `user:${username}`);
  }

  /** The credentials were right: the attempt does not count as a failure. */
  async succeeded(): Promise<void> {
    await this.giveBack();
  }

  private async giveBack(): Promise<void> {
    for (const release of this.held.splice(0)) await release();
  }

  private async hold(limiter: AbuseLimiter, key: string): Promise<void> {
    const reservation = await limiter.reserve(key);
    if (!reservation.allowed) {
      // refused before anything was verified: nothing of this attempt counts
      await this.giveBack();
      throw new TooManyRequests(reservation.retryAfterSeconds);
    }
    this.held.push(reservation.release);
  }
}
