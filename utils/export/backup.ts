import { z } from 'zod';
import type { Snapshot } from '@/utils/db/model';
import { rowsOf, settingsSchema } from '@/utils/db/schema';

export const BACKUP_FORMAT = 'kexue-reader-backup';
export const BACKUP_VERSION = 1;

/** A complete, versioned copy of the database: everything needed to restore it. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  data: Snapshot;
}

export function toJsonBackup(snapshot: Snapshot, exportedAt: Date = new Date()): string {
  // `prev` on events is undo bookkeeping, never part of a backup (the database's snapshot leaves it out already).
  const data: Snapshot = { ...snapshot, events: snapshot.events.map(({ prev: _prev, ...event }) => event) };
  const backup: Backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: exportedAt.toISOString(), data };
  return `${JSON.stringify(backup)}\n`;
}

function unique<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${k}`, path: [index] });
      seen.add(k);
    });
  };
}

export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.iso.datetime(),
  data: z.strictObject({
    articles: rowsOf('articles').superRefine(unique((a) => a.id, 'article id')),
    reading: rowsOf('reading').superRefine(unique((r) => r.id, 'article id')),
    follows: rowsOf('follows').superRefine(unique((f) => f.seriesKey, 'series')),
    corrections: rowsOf('corrections'),
    settings: settingsSchema,
    events: rowsOf('events'),
  }),
});
