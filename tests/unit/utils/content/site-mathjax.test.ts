// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchSiteMathJax } from '@/utils/content/site-mathjax';

const SITE_MATHJAX = 'https://kexue.fm/static/MathJax-2.7.9/MathJax.js?config=TeX-AMS-MML_HTMLorMML';

/** A script element of the page firing `type`, as the browser does when its download fails or it has run. */
function scriptEvent(src: string, type: 'error' | 'load'): void {
  const script = document.createElement('script');
  // A type that is not JavaScript: happy-dom does not fetch it. The event is what the listeners see.
  script.type = 'text/plain';
  script.src = src;
  document.head.append(script);
  script.dispatchEvent(new Event(type));
}

describe('watchSiteMathJax', () => {
  const watchers: AbortController[] = [];
  afterEach(() => {
    for (const abort of watchers.splice(0)) abort.abort();
    document.head.replaceChildren();
  });

  function watch() {
    const onBlocked = vi.fn();
    const abort = new AbortController();
    watchers.push(abort);
    return { outcome: watchSiteMathJax(document, abort.signal, onBlocked), onBlocked, abort };
  }

  it('knows nothing before the site’s MathJax script has finished', () => {
    expect(watch().outcome()).toBe('unknown');
  });

  it('says blocked when the script fails (the DNR rule kept it out), at once', () => {
    const { outcome, onBlocked } = watch();
    scriptEvent(SITE_MATHJAX, 'error');
    expect(outcome()).toBe('blocked');
    expect(onBlocked).toHaveBeenCalledOnce();
  });

  it('says loaded when the script ran (the renderer is the site’s)', () => {
    const { outcome, onBlocked } = watch();
    scriptEvent('http://www.spaces.ac.cn/static/MathJax-2.7.9/MathJax.js', 'load');
    expect(outcome()).toBe('loaded');
    expect(onBlocked).not.toHaveBeenCalled();
  });

  it('ignores every other script, and other MathJax files', () => {
    const { outcome } = watch();
    scriptEvent('https://kexue.fm/usr/themes/geekg/main.js', 'error');
    scriptEvent('https://cdn.example.com/static/MathJax-2.7.9/MathJax.js', 'error');
    scriptEvent('https://kexue.fm/static/MathJax-2.7.9/extensions/TeX/AMSmath.js', 'error');
    expect(outcome()).toBe('unknown');
  });

  it('stops listening when the content script’s signal aborts', () => {
    const { outcome, abort } = watch();
    abort.abort();
    scriptEvent(SITE_MATHJAX, 'error');
    expect(outcome()).toBe('unknown');
  });
});
