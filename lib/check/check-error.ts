// Input the portability checker cannot read: a file that is not a BPF object or not BTF, a corrupt
// one, names that are not kfunc names, an unknown release. The message says what was wrong, and
// `field` which input it was ("file", "names", "source", "release"); the web page shows it, the API
// answers 400 naming the field, the CLI prints it and exits 1.

export type CheckField = "file" | "names" | "source" | "release" | "state";

export class CheckInputError extends Error {
  readonly field: CheckField;

  constructor(message: string, field: CheckField = "file") {
    super(message);
    this.name = "CheckInputError";
    this.field = field;
  }
}
