import type { Linter } from 'eslint';

/** Import boundaries between layers (see eslint.layering.js). */
export declare const layering: Linter.Config[];
