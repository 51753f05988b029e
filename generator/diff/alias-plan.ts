/**
 * What a release does to the alias file (spec/aliases.ts), decided by `scloud-gen changelog`:
 * - each model the docs renamed since the last release (a breaking `model-renamed` at `models.<Old>`) gets an alias
 *   `<Old>` -> its new name, made in this release; an alias that pointed at `<Old>` follows it to the new name;
 * - a release that breaks code anyway (diff's verdict, before the pre-1.0 shift) drops the aliases made by earlier
 *   releases: the deprecation window is "until the next breaking release".
 * Pure: the command reads and writes the file.
 */
import type { AliasEntry } from '../spec/aliases.js';
import type { DiffReport } from './changes.js';
import { compareVersions, parseVersion } from './semver.js';

export interface AliasPlan {
  /** The file's entries after the release. */
  entries: AliasEntry[];
  added: AliasEntry[];
  /** Entries whose `new` now follows a renamed model. */
  retargeted: AliasEntry[];
  dropped: AliasEntry[];
}

/** Aliases for the renames `report` finds breaking that `current` does not cover, made in release `since`. */
export function proposeAliases(report: DiffReport, current: readonly AliasEntry[], since: string): AliasPlan {
  const renames = report.changes.filter((c) => c.change === 'model-renamed' && c.breaking && c.renamedTo !== undefined && c.path.startsWith('models.'));
  const added: AliasEntry[] = renames.map((c) => ({ product: c.product, old: c.path.slice('models.'.length), new: c.renamedTo!, since, line: 0 }));
  const key = (e: { product: string; old: string }): string => `${e.product}\0${e.old}`;
  const replaced = new Set(added.map(key));
  const to = new Map(added.map((a) => [key(a), a.new] as const));
  const retargeted: AliasEntry[] = [];
  const kept = current
    .filter((e) => !replaced.has(key(e)))
    .map((e) => {
      const next = to.get(key({ product: e.product, old: e.new }));
      if (next === undefined) return e;
      const moved = { ...e, new: next };
      retargeted.push(moved);
      return moved;
    });
  return { entries: [...kept, ...added], added, retargeted, dropped: [] };
}

/** `plan` for a release to `next` that breaks code: the aliases of earlier releases dropped. */
export function dropExpired(plan: AliasPlan, next: string): AliasPlan {
  const version = parseVersion(next);
  const expired = (e: AliasEntry): boolean => {
    const since = parseVersion(e.since);
    return version !== undefined && since !== undefined && compareVersions(since, version) < 0;
  };
  return {
    entries: plan.entries.filter((e) => !expired(e)),
    added: plan.added,
    retargeted: plan.retargeted.filter((e) => !expired(e)),
    dropped: plan.entries.filter(expired),
  };
}
