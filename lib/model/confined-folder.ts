/**
 * A folder vend reads from (the catalog, the templates, the policies), and whether a path inside it
 * really lies inside it. A symbolic link may lead anywhere: `units` linked to `/etc`, or a unit file
 * linked to `~/.aws/credentials`, would otherwise be read (and, in CI, echoed into a pull
 * request's log) as if it were catalog content. Links that stay inside the folder are fine.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

export class ConfinedFolder {
  private realRoot?: string | null;

  constructor(readonly root: string) {}

  /** Where `file` really is, when a link takes it outside the folder; undefined when it stays inside or does not exist. */
  escape(file: string): string | undefined {
    const root = this.real();
    if (root === null) return undefined;
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return undefined; // missing or unreadable: the reader reports that itself
    }
    return real === root || real.startsWith(root + path.sep) ? undefined : real;
  }

  private real(): string | null {
    if (this.realRoot === undefined) {
      try {
        this.realRoot = realpathSync(this.root);
      } catch {
        this.realRoot = null;
      }
    }
    return this.realRoot;
  }
}
