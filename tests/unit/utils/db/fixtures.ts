/** Titles of two real series of the blog, as listing pages show them; shared by the service's tests. */

export const VAE = [
  { id: '5253', title: '变分自编码器（一）：原来是这么一回事', date: '2018-03-18' },
  { id: '5343', title: '变分自编码器（二）：从贝叶斯观点出发', date: '2018-03-28' },
  { id: '5383', title: '变分自编码器（三）：这样做为什么能成？', date: '2018-04-03' },
  { id: '5716', title: '变分自编码器（四）：一步到位的聚类方案', date: '2018-09-17' },
] as const;
export const VAE_KEY = '变分自编码器';

export const DYNAMICS = [
  { id: '5655', title: '从动力学角度看优化算法（一）：从SGD到动量加速', date: '2018-06-27' },
  { id: '6261', title: '从动力学角度看优化算法（二）：自适应学习率算法', date: '2018-12-20' },
] as const;
export const DYN_KEY = '从动力学角度看优化算法';
