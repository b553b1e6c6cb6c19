import { createMemoryStores } from "../../src/stores/memory/memory-stores.ts";
import { storeContract } from "../contracts/store-contract.ts";

storeContract("memory", async () => createMemoryStores());
