/**
 * Where locks live: a store of small objects with an atomic create-if-absent and a delete that
 * removes only the version the caller saw, so a lock can be taken by exactly one run and a stale
 * one broken by exactly one other.
 */
export interface StoredLock {
  readonly body: string;
  /** Opaque token naming this version of the object; `remove` deletes only this version. */
  readonly version: string;
}

export interface LockStore {
  /** `s3://bucket/prefix` or the directory, for messages. */
  readonly location: string;
  /** Creates `key` holding `body` only if it does not exist; the new version, or undefined if it exists. */
  create(key: string, body: string): Promise<string | undefined>;
  read(key: string): Promise<StoredLock | undefined>;
  /** Deletes `key` only while it is still `version`; false when it is another version (or gone). */
  remove(key: string, version: string): Promise<boolean>;
}
