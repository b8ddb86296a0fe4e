import type { Policy } from '../scoring/policy.js';

/**
 * The targeting policy in force, shared by everything that reads it (the rescore, the capacity
 * plan, the decision records, the status page). A newer signed policy replaces it whole between
 * two rescores, so each decision is made and recorded under one policy and names it.
 */
export class PolicyHolder {
  constructor(
    private policy: Policy,
    private serialNo: number | null,
    private fromWhere: string,
  ) {}

  get current(): Policy {
    return this.policy;
  }

  /** The signed policy's serial; null for a preset or a plain file. */
  get serial(): number | null {
    return this.serialNo;
  }

  /** `name@version`, as decisions name the policy they were made under. */
  get label(): string {
    return `${this.policy.name}@${this.policy.version}`;
  }

  /** Where it came from: a preset, a file, or the signed policy in the data folder. */
  get from(): string {
    return this.fromWhere;
  }

  replace(policy: Policy, serial: number, from: string): void {
    this.policy = policy;
    this.serialNo = serial;
    this.fromWhere = from;
  }
}
