export { seedUrbanDemo } from './seed.ts';
