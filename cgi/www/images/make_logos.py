# Draws the two small logos the page template shows (our own, simple shapes, no text).
import zlib, struct, math

def png(w, h, pix):
    raw = b''.join(b'\x00' + bytes(sum((pix(x, y) for x in range(w)), ())) for y in range(h))
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

W, H = 120, 40
def smoke(x, y):
    # a latency curve with grey smoke around it and a green median
    mid = 22 + 7 * math.sin(x / 13.0) + 3 * math.sin(x / 4.1)
    d = abs(y - mid)
    if d < 1.2:
        return (0x10, 0xb0, 0x30, 255)
    spread = 4 + 3 * (1 + math.sin(x / 7.0))
    if d < spread:
        g = int(120 + 100 * d / spread)
        return (g, g, g, 255)
    if y == H - 2 or x == 1:
        return (0x40, 0x40, 0x40, 255)
    return (255, 255, 255, 0)

def bars(x, y):
    # a round-robin: bars on a baseline, older ones paler
    if y == H - 3 and 4 <= x < W - 4:
        return (0x30, 0x30, 0x30, 255)
    col = (x - 4) // 8
    if 4 <= x < W - 4 and (x - 4) % 8 < 6:
        hgt = 8 + int(18 * (0.5 + 0.5 * math.sin(col * 1.3)))
        if H - 3 - hgt <= y < H - 3:
            shade = 60 + col * 10
            return (0x20, min(0x20 + shade, 255), 0xd0, 255)
    return (255, 255, 255, 0)

open('smokeping.png', 'wb').write(png(W, H, smoke))
open('rrdtool.png', 'wb').write(png(W, H, bars))
