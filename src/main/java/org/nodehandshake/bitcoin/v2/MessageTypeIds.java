package org.nodehandshake.bitcoin.v2;

import java.util.List;
import java.util.Optional;

/**
 * BIP324's one-byte message type ids (bip-0324.mediawiki, "v2 Bitcoin P2P message structure"): id
 * 1-28 stands for a v1 command; 0 means the 12-byte command follows. Ids 29-255 are undefined.
 */
final class MessageTypeIds {

    /** Index i is the command of id i + 1. */
    private static final List<String> COMMANDS = List.of(
            "addr", "block", "blocktxn", "cmpctblock", "feefilter", "filteradd", "filterclear", "filterload",
            "getblocks", "getblocktxn", "getdata", "getheaders", "headers", "inv", "mempool", "merkleblock",
            "notfound", "ping", "pong", "sendcmpct", "tx", "getcfilters", "cfilter", "getcfheaders", "cfheaders",
            "getcfcheckpt", "cfcheckpt", "addrv2");

    /** The byte that says "a 12-byte command follows". */
    static final int LONG_FORM = 0;
    static final int HIGHEST_ID = COMMANDS.size();

    private MessageTypeIds() {
    }

    /** The command a short id stands for; empty for 0 and for ids no BIP defines. */
    static Optional<String> command(int id) {
        return id >= 1 && id <= HIGHEST_ID ? Optional.of(COMMANDS.get(id - 1)) : Optional.empty();
    }

    /** The short id of a command; empty when it has none (version, verack, ...: sent in the long form). */
    static Optional<Integer> id(String command) {
        int index = COMMANDS.indexOf(command);
        return index < 0 ? Optional.empty() : Optional.of(index + 1);
    }
}
