/** The reader's settings: one row, defaults filling what it does not hold. */
import type { ReaderApi } from '@/utils/db/api';
import { SETTINGS_KEY } from '@/utils/db/database';
import { DEFAULT_SETTINGS, type Settings } from '@/utils/db/model';
import { checkSettingsPatch } from '@/utils/db/validate';
import type { ServiceContext } from './context';

type SettingsCalls = Pick<ReaderApi, 'getSettings' | 'updateSettings'>;

export function settingsCalls({ db, guarded }: ServiceContext): SettingsCalls {
  return {
    getSettings() {
      return guarded('Could not read the settings', async () => {
        const stored = await db.settings.get(SETTINGS_KEY);
        return { ...DEFAULT_SETTINGS, ...stored };
      });
    },

    updateSettings(patch) {
      return guarded('Could not save the settings', async () => {
        const valid = checkSettingsPatch(patch);
        return db.transaction('rw', db.settings, async () => {
          const next: Settings = { ...DEFAULT_SETTINGS, ...(await db.settings.get(SETTINGS_KEY)), ...valid };
          await db.settings.put(next, SETTINGS_KEY);
          return next;
        });
      });
    },
  };
}
