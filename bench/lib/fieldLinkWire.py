#!/usr/bin/env python3
"""
The wire of an emulated field link (bench/lib/fieldLink.ts): a layer-2 bridge between two veth ends that delays
and rate-limits every Ethernet frame the way `tc qdisc ... netem delay D rate R limit L` would, one direction each.
It exists because this kernel is built without sch_netem (CONFIG_NET_SCH_NETEM is not set): the TCP endpoints on
either side stay the kernel's own, so slow start, the congestion window, queueing and loss behave as on a real link.

Per direction, netem's model: a frame starts its serialization when the previous one has left (len × 8 / rate),
then travels `delay`; at most `limit` frames are held (serializing or travelling), beyond that it is dropped.

    python3 fieldLinkWire.py <devA> <devB>       (in the namespace that holds both; commands on stdin, JSON lines out)
    python3 fieldLinkWire.py --checksum-in-software <dev>...   (in the namespace of the veth ends that hold the IPs)

It starts as a plain wire (no delay, no rate limit); stdin commands: `shape <rate A→B> <rate B→A> <delay ms> <limit>`
(bit/s, 0 = no limit; one-way delay) answers "ok"; `counters` answers the frames, bytes and drops of each direction
so far. It ends with its stdin. Python only because Node has no packet sockets.
"""
import collections
import ctypes
import fcntl
import json
import os
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SIOCETHTOOL = 0x8946
ETHTOOL_STXCSUM = 0x00000017


def checksum_in_software(name):
    """
    Turns off a veth end's transmit checksum offload (what `ethtool -K <dev> tx off` does; ethtool is not installed
    here). Otherwise the frames its TCP sends carry only a partial checksum, which the far end rejects once this
    bridge has copied them; without the offload the kernel also segments before the device, so no frame exceeds the MTU.
    """
    value = ctypes.create_string_buffer(struct.pack('II', ETHTOOL_STXCSUM, 0))
    request = struct.pack('16sP', name.encode(), ctypes.addressof(value)).ljust(40, b'\0')
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        fcntl.ioctl(sock.fileno(), SIOCETHTOOL, request)


def open_device(name):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    sock.bind((name, 0))
    sock.setblocking(False)
    return sock


class Direction:
    def __init__(self, source, target):
        self.source = source
        self.target = target
        self.held = collections.deque()
        self.shape(0, 0, 1000)
        self.frames = 0
        self.bytes = 0
        self.dropped = 0
        self.largest = 0

    def shape(self, rate_bits, delay_s, limit):
        """rate 0: no limit (with delay 0, the bridge passes frames straight through)."""
        self.seconds_per_byte = 8.0 / rate_bits if rate_bits > 0 else 0.0
        self.delay_s = delay_s
        self.limit = limit
        self.serialized_until = 0.0

    def receive(self, now):
        while True:
            try:
                frame, address = self.source.recvfrom(65536)
            except BlockingIOError:
                return
            # A packet socket also sees what this bridge itself sends out of the device.
            if address[2] == PACKET_OUTGOING:
                continue
            if len(self.held) >= self.limit:
                self.dropped += 1
                continue
            start = max(now, self.serialized_until)
            self.serialized_until = start + len(frame) * self.seconds_per_byte
            self.held.append((self.serialized_until + self.delay_s, frame))
            self.frames += 1
            self.bytes += len(frame)
            self.largest = max(self.largest, len(frame))

    def send_due(self, now):
        while self.held and self.held[0][0] <= now:
            _, frame = self.held.popleft()
            try:
                self.target.send(frame)
            except OSError:
                # The far end's queue is full: the frame is lost, as on a real wire.
                self.dropped += 1

    def next_due(self):
        return self.held[0][0] if self.held else None

    def counters(self):
        return {'frames': self.frames, 'bytes': self.bytes, 'dropped': self.dropped, 'largestFrame': self.largest}


def main():
    if sys.argv[1] == '--checksum-in-software':
        for name in sys.argv[2:]:
            checksum_in_software(name)
        return
    sock_a, sock_b = open_device(sys.argv[1]), open_device(sys.argv[2])
    a_to_b, b_to_a = Direction(sock_a, sock_b), Direction(sock_b, sock_a)
    by_fd = {sock_a.fileno(): a_to_b, sock_b.fileno(): b_to_a}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    poller = select.poll()
    poller.register(sock_a, select.POLLIN)
    poller.register(sock_b, select.POLLIN)
    poller.register(0, select.POLLIN)
    commands = b''

    def reply(value):
        sys.stdout.write(json.dumps(value) + '\n')
        sys.stdout.flush()

    reply('ready')
    while True:
        now = time.monotonic()
        dues = [due for due in (a_to_b.next_due(), b_to_a.next_due()) if due is not None]
        timeout_ms = None if not dues else max(0.0, (min(dues) - now) * 1000.0)
        ready = poller.poll(timeout_ms)
        now = time.monotonic()
        for fd, _ in ready:
            if fd != 0:
                by_fd[fd].receive(now)
                continue
            chunk = os.read(0, 4096)
            if not chunk:
                return
            commands += chunk
            while b'\n' in commands:
                line, commands = commands.split(b'\n', 1)
                words = line.decode().split()
                if words and words[0] == 'shape':
                    rate_ab, rate_ba, delay_ms, limit = float(words[1]), float(words[2]), float(words[3]), int(words[4])
                    a_to_b.shape(rate_ab, delay_ms / 1000.0, limit)
                    b_to_a.shape(rate_ba, delay_ms / 1000.0, limit)
                    reply('ok')
                elif words and words[0] == 'counters':
                    reply({'aToB': a_to_b.counters(), 'bToA': b_to_a.counters()})
        a_to_b.send_due(now)
        b_to_a.send_due(now)


if __name__ == '__main__':
    main()
