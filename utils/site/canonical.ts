/** Links the extension makes to the blog: it serves the same content on every host; kexue.fm is the canonical one. */
export const BLOG_HOME = 'https://kexue.fm/';
export const ARCHIVE_URL = 'https://kexue.fm/content.html';

/** Canonical address of an article (the popup's links, the exports). */
export function articleUrl(id: string): string {
  return `https://kexue.fm/archives/${id}`;
}
