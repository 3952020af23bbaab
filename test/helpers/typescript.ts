import ts from 'typescript';

/** A TypeScript program of these files (and what they import), compiled with the project's tsconfig.json options. */
export function projectProgram(files: readonly string[]): ts.Program {
  const config = ts.readConfigFile('tsconfig.json', (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, process.cwd());
  return ts.createProgram({ rootNames: files, options });
}
