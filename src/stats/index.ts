export { sortNumbers, quantileSorted, quantiles, mean, std } from './quantile.js';
