// The same store with a classic defect: a commit is acknowledged before its
// WAL record is fsynced, so a power loss can take back a commit a client was
// told had happened. `mvsim gate examples/cow-wal-store-no-fsync.json` must
// catch it (a durability violation).
import { cowWalStore } from "./cow-wal-store.js";

export default cowWalStore({ skipFsync: true });
