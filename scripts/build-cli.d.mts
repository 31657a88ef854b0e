/** Types of scripts/build-cli.mjs (plain JavaScript: it runs before anything is compiled). */
export declare const OUT_DIR: string;
export declare const MANIFEST: string;
export declare const COMMANDS: string[];
export declare function buildCli(): Promise<void>;
export declare function cliIsStale(): boolean;
export declare function stampOf(file: string): string;
