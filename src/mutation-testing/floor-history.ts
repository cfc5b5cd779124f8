import { execFileSync } from 'node:child_process';
import { parseMutationFloor } from './read-mutation-floor';

/** One committed version of a floor file. */
export interface FloorVersion {
  commit: string;
  floor: number;
}

/**
 * Every floor the file has held in the repository's history (newest first), read with git. Floors only
 * rise: a floor below any of these is refused. Versions git cannot show, or that do not parse, are skipped:
 * the current file is validated on its own.
 */
export function committedFloors(repoRoot: string, file: string): FloorVersion[] {
  let log: string;
  try {
    log = execFileSync('git', ['log', '--format=%H', '--', file], { cwd: repoRoot, encoding: 'utf8' });
  } catch {
    return [];
  }
  return log
    .split('\n')
    .filter((commit) => /^[0-9a-f]{40}$/.test(commit))
    .flatMap((commit): FloorVersion[] => {
      try {
        const text = execFileSync('git', ['show', `${commit}:${file}`], { cwd: repoRoot, encoding: 'utf8' });
        const floor = parseMutationFloor(text);
        return typeof floor === 'number' ? [{ commit, floor }] : [];
      } catch {
        return [];
      }
    });
}

/** The highest floor ever committed, when it is above `current`: the floor was lowered. */
export function loweredFrom(current: number, history: readonly FloorVersion[]): FloorVersion | undefined {
  return history.reduce<FloorVersion | undefined>(
    (highest, version) =>
      version.floor > current && version.floor > (highest?.floor ?? -1) ? version : highest,
    undefined,
  );
}
