# gdb script of the residue tests: runs the program under test and writes full core dumps of it, with the
# settings of Debian's `gcore -a` (use-coredump-filter off, dump-excluded-mappings on: libsodium's pages are
# MADV_DONTDUMP and plain gcore would leave them out).
#
#   RESIDUE_CONFIG=config.json gdb -q -batch -x residue_gdb.py
#
# config.json: {"argv": [PROGRAM, ARGS...], "out": DIR, "stdin": FILE, "checkpoints": ["_exit", ...],
#               "controls": {"NAME": "HEX", ...}}
# - A dump DIR/core.NAME at every call of residue_checkpoint(NAME) (the probe) and of each function named in
#   "checkpoints" (core._exit: the moment a tool leaves, after its destructors ran).
# - Controls: the byte strings the program must really have produced. When SCardTransmit's send buffer
#   (rdx, rcx at the function's first instruction) or EVP_CipherUpdate's input (rcx, r8) equals one of them,
#   the process is dumped once as DIR/core.control-NAME while that buffer is alive. A control that never
#   matches means the test computed a form the program does not produce; the test fails on it.
# - Next to each core: core.NAME.smaps (/proc/PID/smaps at that moment) and core.NAME.application (address:size
#   of the probe's own PIN buffers).
# - DIR/events.txt: one line per dump with the process's VmLck (kB) at that moment.
import json
import os
import shlex

import gdb

config = json.load(open(os.environ["RESIDUE_CONFIG"]))
out_dir = config["out"]
controls = {name: bytes.fromhex(value) for name, value in config.get("controls", {}).items()}
taken = set()
events = open(os.path.join(out_dir, "events.txt"), "a")


def locked_kb():
    pid = gdb.selected_inferior().pid
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmLck:"):
                return int(line.split()[1])
    return -1


def probe_buffers():
    """Where the probe (the application) keeps its own PINs: they are not the module's residue."""
    found = []
    for symbol in ("pins", "controlCopy"):
        try:
            value = gdb.parse_and_eval("&" + symbol)
            found.append("%d:%d" % (int(value.cast(gdb.lookup_type("unsigned long"))),
                                    value.dereference().type.sizeof))
        except gdb.error:
            pass
    return found


def dump(name):
    path = os.path.join(out_dir, "core." + name)
    gdb.execute("gcore " + path, to_string=True)
    # The mappings at that moment: the search tells secure memory (libsodium: locked, MADV_DONTDUMP) apart.
    pid = gdb.selected_inferior().pid
    with open("/proc/%d/smaps" % pid) as smaps, open(path + ".smaps", "w") as copy:
        copy.write(smaps.read())
    with open(path + ".application", "w") as application:
        application.write(" ".join(probe_buffers()))
    events.write("dump %s vmlck_kb=%d\n" % (name, locked_kb()))
    events.flush()


def register(name):
    return int(gdb.parse_and_eval("(unsigned long)$" + name))


class BufferWatch(gdb.Breakpoint):
    """At the first instruction of a function: compares one buffer argument with the controls."""

    def __init__(self, function, buffer_register, length_register):
        super().__init__("*" + function, internal=True)
        self.buffer_register = buffer_register
        self.length_register = length_register

    def stop(self):
        length = register(self.length_register)
        if 0 < length <= 65536:
            data = bytes(gdb.selected_inferior().read_memory(register(self.buffer_register), length))
            for name, value in controls.items():
                if name not in taken and data == value:
                    taken.add(name)
                    dump("control-" + name)
        return False


class Checkpoint(gdb.Breakpoint):
    def __init__(self, spec, fixed_name=None):
        super().__init__(spec, internal=True)
        self.fixed_name = fixed_name

    def stop(self):
        name = self.fixed_name or gdb.parse_and_eval("(const char*)$rdi").string()
        dump(name)
        return False


watched = set()


def watch_new_libraries(event):
    # The watched functions live in shared libraries loaded at start or by dlopen: set the breakpoints on
    # their entry address once a library that has them is there.
    for function, registers in (("SCardTransmit", ("rdx", "rcx")), ("EVP_CipherUpdate", ("rcx", "r8"))):
        if function in watched:
            continue
        try:
            gdb.parse_and_eval("(long)&" + function)
        except gdb.error:
            continue
        watched.add(function)
        BufferWatch(function, *registers)


gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("set breakpoint pending on")
gdb.execute("set print thread-events off")
gdb.execute("set use-coredump-filter off")
gdb.execute("set dump-excluded-mappings on")
gdb.events.new_objfile.connect(watch_new_libraries)
gdb.execute("file " + config["argv"][0])
try:
    Checkpoint("*residue_checkpoint")  # the probe; the first instruction, where rdi is the name
except gdb.error:
    pass  # a program without checkpoints of its own (ias-tool)
for function in config.get("checkpoints", []):
    Checkpoint(function, function)
gdb.execute("run %s < %s" % (" ".join(shlex.quote(a) for a in config["argv"][1:]), shlex.quote(config["stdin"])))
status = gdb.parse_and_eval("$_exitcode")
events.write("exit %s watched %s\n" % (status, " ".join(sorted(watched))))
events.close()
