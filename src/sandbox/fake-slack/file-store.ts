import type { IdFactory } from './ids.js';

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  length: number;
  altText?: string;
  uploadToken: string;
  bytes?: Buffer;
  completed: boolean;
  created: number;
}

/** A file as saved: its bytes in base64, since JSON has no binary. */
export type SavedFile = Omit<StoredFile, 'bytes'> & { bytes?: string };

export interface FileStoreState {
  files: SavedFile[];
}

/** Files of the `files.getUploadURLExternal` → upload → `files.completeUploadExternal` flow. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly ids: IdFactory) {}

  static restore(ids: IdFactory, state: FileStoreState): FileStore {
    const store = new FileStore(ids);
    for (const { bytes, ...file } of state.files) {
      store.files.set(file.id, bytes === undefined ? file : { ...file, bytes: Buffer.from(bytes, 'base64') });
    }
    return store;
  }

  snapshot(): FileStoreState {
    const files = [...this.files.values()].map(({ bytes, ...file }) =>
      bytes === undefined ? file : { ...file, bytes: bytes.toString('base64') },
    );
    return { files };
  }

  create(name: string, length: number, created: number, altText?: string): StoredFile {
    const file: StoredFile = {
      id: this.ids.next('F'),
      name,
      title: name,
      length,
      uploadToken: this.ids.hex(32),
      completed: false,
      created,
    };
    if (altText !== undefined) file.altText = altText;
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  byUploadToken(token: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.uploadToken === token);
  }
}
