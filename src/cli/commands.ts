export type CommandRun = (args: string[]) => Promise<number | void>;
export type Command = { summary: string; load: () => Promise<CommandRun> };

// Loaded lazily so that `mailtrail addon …` does not open a database and `serve` does not load the emulator.
export const commands: Record<string, Command> = {
  addon: { summary: 'run the built add-on in the emulator and print its card JSON', load: async () => (await import('../emulator/cli')).run },
  tracking: { summary: 'tracking admin: refresh-ranges loads Apple\'s egress list or data-centre ranges', load: async () => (await import('../server/tracking/cli')).run },
};
