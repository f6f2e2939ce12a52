/**
 * features/ holds one feature per file (Refined GitHub's verify-features): each file exports exactly one feature, whose
 * id is the file's name; the content script's FEATURES list registers every one of them and nothing else; and the
 * README's features table lists each one. Helpers of features live in utils/ (utils/content/), not here.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '@/entrypoints/content/index';

const modules = import.meta.glob<Record<string, unknown>>('/features/*.ts', { eager: true });

const isFeature = (value: unknown): value is { id: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { id?: unknown }).id === 'string' &&
  Array.isArray((value as { runsOn?: unknown }).runsOn) &&
  typeof (value as { init?: unknown }).init === 'function';

/** The ids in the first column of the README's table under "## Features". */
function readmeFeatureIds(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Features\n')) ?? '';
  return [...section.matchAll(/^\| `([\w-]+)` +\|/gm)].map((m) => m[1] ?? '');
}

const files = Object.entries(modules).map(([path, exports]) => ({
  name: basename(path, '.ts'),
  features: Object.values(exports).filter(isFeature),
}));

describe('features/', () => {
  it('has feature files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)(
    '$name: one exported feature, its id is the file name, registered in FEATURES and in the README',
    ({ name, features }) => {
      expect(features.map((f) => f.id)).toEqual([name]);
      expect(FEATURES).toContain(features[0]);
      expect(readmeFeatureIds()).toContain(name);
    },
  );

  it('FEATURES and the README list nothing but the files of features/', () => {
    const names = files.map((f) => f.name).sort();
    expect(FEATURES.map((f) => f.id).sort()).toEqual(names);
    expect(readmeFeatureIds().sort()).toEqual(names);
  });
});
