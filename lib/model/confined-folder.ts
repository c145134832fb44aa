/**
 * A folder vend reads from (the catalog, the templates, the policies), and whether a path inside it
 * really lies inside it. A symbolic link may lead anywhere: `units` linked to `/etc`, or a unit file
 * linked to `~/.aws/credentials`, would otherwise be read (and, in CI, echoed into a pull
 * request's log) as if it were catalog content. Links that stay inside the folder are fine.
 */
import { lstatSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

export class ConfinedFolder {
  private realRoot?: string | null;
  private readonly realDirs = new Map<string, string>();

  constructor(readonly root: string) {}

  /** Where `file` really is, when a link takes it outside the folder; undefined when it stays inside or does not exist. */
  escape(file: string): string | undefined {
    const root = this.real();
    if (root === null) return undefined;
    const real = this.realPath(file);
    if (real === undefined) return undefined; // missing or unreadable: the reader reports that itself
    return real === root || real.startsWith(root + path.sep) ? undefined : real;
  }

  /**
   * realpathSync, with each folder's real path remembered: a catalog's 10,000 unit files share one
   * folder, and resolving every component of every path again was a tenth of `vend validate`.
   * A file that is not itself a link lies where its folder really is.
   */
  private realPath(file: string): string | undefined {
    try {
      if (lstatSync(file).isSymbolicLink()) return realpathSync(file);
      const dir = path.dirname(file);
      let realDir = this.realDirs.get(dir);
      if (realDir === undefined) this.realDirs.set(dir, (realDir = realpathSync(dir)));
      return path.join(realDir, path.basename(file));
    } catch {
      return undefined;
    }
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
