/**
 * The one catalog of Kakou error codes. Tests assert codes, never message text, and the README's
 * error table is checked against this object by tests/unit/errors.test.ts.
 */
export const ERRORS = {
  // Configuration
  KAKOU_E_CONFIG_INVALID: { status: 500, text: 'configuration is invalid' },
  KAKOU_E_CONFIG_FILE: { status: 500, text: 'configuration file cannot be read or parsed' },
  KAKOU_E_PROFILE_INVALID: { status: 500, text: 'device profile is invalid' },
  KAKOU_E_POLICY_INVALID: { status: 500, text: 'targeting policy is invalid' },
  KAKOU_E_POLICY_SIGNATURE: {
    status: 400,
    text: 'signed policy is malformed, from an untrusted key, or its signature does not verify',
  },
  KAKOU_E_POLICY_OLDER: { status: 409, text: 'signed policy is not newer than the one in force' },
  // CLI
  KAKOU_E_CLI_USAGE: { status: 400, text: 'command line is not understood' },
  KAKOU_E_SCORE_INPUT: { status: 400, text: 'subject line is not valid kakou-subject/1 JSON' },
  // Ingest and decoding (drop reasons, counted in kakou_ingest_drops_total)
  KAKOU_E_INGEST_UNKNOWN_TOPIC: { status: 400, text: 'no device profile matches the topic' },
  KAKOU_E_INGEST_PAYLOAD: { status: 400, text: 'payload is not valid for its profile' },
  KAKOU_E_INGEST_FIELD_RANGE: { status: 400, text: 'field value is outside its valid range' },
  KAKOU_E_INGEST_IDENTITY: { status: 400, text: 'message carries no usable identity' },
  KAKOU_E_NMEA_CHECKSUM: { status: 400, text: 'NMEA checksum mismatch' },
  KAKOU_E_NMEA_FRAMING: { status: 400, text: 'not an NMEA AIS sentence' },
  KAKOU_E_AIS_BIT_COUNT: { status: 400, text: 'AIS payload has the wrong number of bits for its type' },
  KAKOU_E_AIS_UNSUPPORTED_TYPE: { status: 400, text: 'AIS message type not decoded by this node' },
  KAKOU_E_AIS_FRAGMENT: { status: 400, text: 'AIS fragment out of order or orphaned' },
  KAKOU_E_AIS_ARMOUR: { status: 400, text: 'AIS payload has a character outside the 6-bit armour' },
  // Snapshot
  KAKOU_E_SNAPSHOT_INVALID: { status: 400, text: 'credit snapshot is malformed or truncated' },
  KAKOU_E_SNAPSHOT_UNTRUSTED_KEY: { status: 400, text: 'credit snapshot is signed by a key this node does not trust' },
  KAKOU_E_SNAPSHOT_SIGNATURE: { status: 400, text: 'credit snapshot signature or digest does not verify' },
  KAKOU_E_SNAPSHOT_OLDER: { status: 409, text: 'credit snapshot is not newer than the one in force' },
  KAKOU_E_SNAPSHOT_BASE: { status: 409, text: 'delta snapshot does not apply to the version in force' },
  KAKOU_E_SNAPSHOT_EXPIRED: { status: 400, text: 'credit snapshot is past its validity' },
  KAKOU_E_SNAPSHOT_DRIVER_KEY: {
    status: 400,
    text: 'credit snapshot hashes drivers without the provincial key, or with another key than this node holds',
  },
  KAKOU_E_STORAGE_FULL: { status: 507, text: "the node's storage is full: nothing was written" },
  KAKOU_E_BACKUP_FAILED: { status: 500, text: 'backup of the data folder failed' },
  KAKOU_E_RESTORE_INVALID: { status: 400, text: 'backup folder is incomplete, damaged or from a newer Kakou' },
  KAKOU_E_RESTORE_TARGET_EXISTS: {
    status: 409,
    text: 'data folder already holds a database (restore with --force keeps it aside)',
  },
  KAKOU_E_DATA_DIR_IN_USE: { status: 409, text: 'a running node holds the data folder (stop it first)' },
  KAKOU_E_KEY_PASSPHRASE: { status: 400, text: "the passphrase does not open the backup's signing key" },
  // Uplink protocol (answers of the central; record-level ones travel in Ack.rejected)
  KAKOU_E_SYNC_BAD_BATCH: { status: 400, text: 'uplink body is not a valid signed batch' },
  KAKOU_E_SYNC_VERSION: { status: 400, text: 'the central does not speak this uplink protocol version' },
  KAKOU_E_BODY_TOO_LARGE: { status: 413, text: 'request body is larger than the server takes' },
  KAKOU_E_SYNC_UNKNOWN_NODE: { status: 401, text: 'node is not registered at the central' },
  KAKOU_E_SYNC_SIGNATURE: { status: 401, text: 'batch signature does not verify with the registered key' },
  KAKOU_E_SYNC_REVOKED: { status: 403, text: 'the central revoked this node: it takes nothing more from it' },
  KAKOU_E_SYNC_KEY_CONFLICT: { status: 409, text: 'node id is registered with a different key' },
  // Per-record refusals travel inside a 200 Ack (sync/README.md), never as an HTTP status.
  KAKOU_E_SYNC_CHAIN: { status: 200, text: 'record does not link to its predecessor in the hash chain' },
  KAKOU_E_SYNC_CONFLICT: { status: 200, text: 'a different record with this sequence number or key is already stored' },
  KAKOU_E_SYNC_DIGEST: { status: 422, text: 'payload does not match its SHA-256' },
  KAKOU_E_SYNC_KIND: { status: 200, text: 'record kind is not known to this central (the node keeps it until it is)' },
  KAKOU_E_SYNC_PHOTO_UNCITED: { status: 409, text: 'no record of this node cites the photo yet' },
  KAKOU_E_SYNC_PHOTO_OFFSET: { status: 409, text: 'the central holds another number of bytes of this photo' },
  KAKOU_E_SYNC_PAYLOAD: { status: 200, text: 'record payload is not valid for its kind' },
  // Web API
  KAKOU_E_API_VALIDATION: { status: 400, text: 'request body or parameters are invalid' },
  KAKOU_E_API_NOT_FOUND: { status: 404, text: 'resource not found' },
  KAKOU_E_AUTH_REQUIRED: { status: 401, text: 'authentication required' },
  KAKOU_E_AUTH_FAILED: { status: 401, text: 'user name or password is wrong' },
  KAKOU_E_AUTH_RATE_LIMITED: { status: 429, text: 'too many login attempts, wait and retry' },
  KAKOU_E_AUTH_FORBIDDEN: { status: 403, text: 'your role does not allow this' },
  KAKOU_E_SETUP_DONE: { status: 409, text: 'the first administrator already exists' },
  KAKOU_E_SETUP_TOKEN: { status: 403, text: 'setup token is wrong' },
  KAKOU_E_TARGET_UNKNOWN: { status: 404, text: 'no live target with this id' },
  KAKOU_E_USER_EXISTS: { status: 409, text: 'a user with this name exists' },
  KAKOU_E_USER_UNKNOWN: { status: 404, text: 'no user with this name' },
  KAKOU_E_USER_LAST_ADMIN: {
    status: 409,
    text: 'the last enabled administrator cannot be disabled or given another role',
  },
  KAKOU_E_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    text: 'the password was reset: change it before anything else',
  },
  KAKOU_E_INSPECTION_CLOSED: {
    status: 409,
    text: 'the inspection record is closed to photos; a supervisor may attach one as a correction',
  },
  KAKOU_E_ALARM_UNKNOWN: { status: 404, text: 'no alarm with this id' },
  KAKOU_E_ALARM_ACKNOWLEDGED: { status: 409, text: 'the alarm is acknowledged already' },
  KAKOU_E_PASSAGE_UNKNOWN: { status: 404, text: 'no open or recent passage with this id' },
  KAKOU_E_PASSAGE_STATE: { status: 409, text: 'the passage is not in a state that allows this step' },
  KAKOU_E_INSPECTION_UNKNOWN: { status: 404, text: 'no inspection record with this id' },
  KAKOU_E_AMENDMENT_INVALID: { status: 409, text: 'the record cannot be amended this way' },
  KAKOU_E_CREDIT_ENTRY_UNKNOWN: { status: 404, text: 'the snapshot in force holds no such credit entry' },
  KAKOU_E_DISPUTE_OPEN: { status: 409, text: 'the credit entry is disputed already' },
  KAKOU_E_PHOTO_LIMIT: { status: 409, text: 'the inspection record holds as many photos as it may' },
  KAKOU_E_INTERNAL: { status: 500, text: 'internal error' },
} as const satisfies Record<string, { status: number; text: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class KakouError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message?: string, details: readonly string[] = [], options?: { cause?: unknown }) {
    super(message ?? ERRORS[code].text, options);
    this.name = 'KakouError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}

export function isKakouError(err: unknown): err is KakouError {
  return err instanceof KakouError;
}
