/**
 * The settings live in the database (extension origin); the background mirrors them into storage.local so a content
 * script knows at once, without waking the background, whether to render math.
 */
import { storage } from '#imports';
import { DEFAULT_SETTINGS, type Settings } from '../utils/db/model';

export const settingsMirror = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS });

export async function loadSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsMirror.getValue()) };
}
