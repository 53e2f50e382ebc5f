// Environment, read once at cold start: a missing variable fails by its name.

export class MissingEnvironmentError extends Error {
  override readonly name = 'MissingEnvironmentError';
  constructor(readonly variable: string) {
    super(`Environment variable ${variable} is not set`);
  }
}

export function requireEnv(variable: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') throw new MissingEnvironmentError(variable);
  return value;
}
