/** The labels of the TeX popover (Alt+click, "Show TeX"), in the reader's language; a change relabels the next one. */
import type { PopoverLabels } from '@/utils/tex/dom/interactions';
import type { PageText } from './page-text';

export function mathLabels(text: PageText, signal: AbortSignal): PopoverLabels {
  const labels = {} as PopoverLabels;
  const relabel = () =>
    Object.assign(labels, {
      title: text.t('content.texSource'),
      copy: text.t('content.copy'),
      copied: text.t('content.copied'),
      close: text.t('content.close'),
    });
  relabel();
  text.onChange(relabel, signal);
  return labels;
}
