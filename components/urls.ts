/** Links the UI points to. The blog serves the same content on every host; kexue.fm is its canonical one. */
export const BLOG_HOME = 'https://kexue.fm/';
export const ARCHIVE_URL = 'https://kexue.fm/content.html';

export function articleUrl(id: string): string {
  return `https://kexue.fm/archives/${id}`;
}

/** A page URL as the diagnostics record it, compared without its fragment. */
export function samePage(a: string, b: string): boolean {
  const strip = (url: string) => url.replace(/#.*$/, '');
  return strip(a) === strip(b);
}
