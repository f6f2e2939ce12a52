/** The four hosts that serve the blog identically. */
export const BLOG_HOSTS = ['kexue.fm', 'www.kexue.fm', 'spaces.ac.cn', 'www.spaces.ac.cn'] as const;

export type BlogHost = (typeof BLOG_HOSTS)[number];

export function isBlogHost(host: string): host is BlogHost {
  return (BLOG_HOSTS as readonly string[]).includes(host.toLowerCase());
}

/** Match patterns of the blog's pages, for the content script and permissions. */
export const CONTENT_MATCHES: string[] = BLOG_HOSTS.map((host) => `*://${host}/*`);
