/** Types of scripts/node-flags.mjs (plain JavaScript, like scripts/build-cli.mjs). */
export declare const NODE_FLAGS: Record<string, string[]>;
export declare function commandLine(name: string): string[];
