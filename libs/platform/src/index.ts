export * from './clock/clock.js';
