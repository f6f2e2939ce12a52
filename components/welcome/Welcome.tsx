/**
 * The first-run page (shown once on install, linked from the options page): what the extension does on the blog,
 * the marks on listing pages, Alt+click, the keys, how to turn the renderer off, and that no data leaves the browser.
 */
import { useI18n } from '@/components/context';
import type { MessageKey } from '@/utils/i18n';
import { BLOG_HOME } from '@/utils/site/canonical';

/** Where each browser lets the reader change an extension's keys. */
function shortcutsPage(): string {
  return navigator.userAgent.includes('Firefox')
    ? 'about:addons → ⚙ → Manage Extension Shortcuts'
    : 'chrome://extensions/shortcuts';
}

/** A section of plain paragraphs, after its title. */
const TOPICS: [MessageKey, MessageKey[]][] = [
  ['welcome.mathTitle', ['welcome.math', 'welcome.rendererOff']],
  ['welcome.marksTitle', ['welcome.marks', 'welcome.autoRead']],
  ['welcome.seriesTitle', ['welcome.series']],
];

export function Welcome({ optionsUrl }: { optionsUrl: string }) {
  const { t } = useI18n();
  return (
    <main class="kx-page kx-welcome">
      <h1>{t('welcome.title')}</h1>
      <p>{t('welcome.intro')}</p>
      {TOPICS.map(([title, paragraphs]) => (
        <section key={title}>
          <h2>{t(title)}</h2>
          {paragraphs.map((key) => (
            <p key={key}>{t(key)}</p>
          ))}
        </section>
      ))}
      <section>
        <h2>{t('welcome.keysTitle')}</h2>
        <ul class="kx-keys">
          <li>{t('welcome.keyToggleRead')}</li>
          <li>{t('welcome.keyNextPart')}</li>
          <li>{t('welcome.keyRenderer')}</li>
        </ul>
        <p>{t('welcome.keysRebind', [shortcutsPage()])}</p>
        <p>{t('welcome.keysListing')}</p>
      </section>
      <section>
        <h2>{t('welcome.privacyTitle')}</h2>
        <p>{t('welcome.privacy')}</p>
      </section>
      <p class="kx-welcome-links">
        <a href={BLOG_HOME} target="_blank" rel="noopener">
          {t('welcome.openBlog')}
        </a>
        <a href={optionsUrl}>{t('welcome.openSettings')}</a>
      </p>
      <p class="kx-hint">{t('welcome.languageHint')}</p>
    </main>
  );
}
