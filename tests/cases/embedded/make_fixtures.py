#!/usr/bin/env python3
# Writes the small binary fixtures of tests/cases/embedded/files/ (read by test_embedded.c,
# tests/e2e/test_embedded.sh and copied into tests/fuzz/corpus/{xmp,c2pa}/): JPEG, PNG, PDF and
# raw JUMBF files carrying XMP packets and C2PA manifest stores built here from the published
# structure (ISO/IEC 19566-5 JUMBF boxes, JPEG APP11 "JP" segments, PNG caBX/iTXt chunks, CBOR
# per RFC 8949). Every byte is made by this script; nothing is taken from third-party files.
# The image data is a stub: only the metadata matters. Run: python3 make_fixtures.py
import json
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")

# ---- CBOR (definite lengths, as C2PA's deterministic encoding) ----------------------------

def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | ai]) + struct.pack(fmt, n)
    raise ValueError(n)

def cbor(v):
    if isinstance(v, bool):
        return bytes([0xF5 if v else 0xF4])
    if isinstance(v, int):
        return cbor_head(0, v) if v >= 0 else cbor_head(1, -1 - v)
    if isinstance(v, str):
        b = v.encode()
        return cbor_head(3, len(b)) + b
    if isinstance(v, bytes):
        return cbor_head(2, len(v)) + v
    if isinstance(v, list):
        return cbor_head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        return cbor_head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    raise TypeError(v)

# ---- JUMBF --------------------------------------------------------------------------------

def box(tbox, body):
    return struct.pack(">I", 8 + len(body)) + tbox + body

def jumd(uuid4, label):
    # 16-byte type (four characters + the ISO suffix C2PA uses), toggles 0x03 (requestable,
    # label present), the label NUL-terminated
    uuid = uuid4 + bytes.fromhex("0011001080000" + "0aa00389b71")
    return box(b"jumd", uuid + b"\x03" + label.encode() + b"\x00")

def superbox(uuid4, label, *children):
    return box(b"jumb", jumd(uuid4, label) + b"".join(children))

def assertion(label, content, kind="cbor"):
    if kind == "cbor":
        return superbox(b"cbor", label, box(b"cbor", cbor(content)))
    if kind == "json":
        return superbox(b"json", label, box(b"json", json.dumps(content).encode()))
    return superbox(b"cbor", label, box(b"cbor", content))  # raw bytes

def manifest(n, *assertions, signature=b"\x00" * 16):
    return superbox(b"c2ma", "urn:uuid:00000000-0000-4000-8000-%012d" % n,
                    superbox(b"c2as", "c2pa.assertions", *assertions),
                    superbox(b"c2cl", "c2pa.claim", box(b"cbor", cbor({"claim_generator": "fixture"}))),
                    superbox(b"c2cs", "c2pa.signature", box(b"cbor", signature)))

def store(*manifests):
    return superbox(b"c2pa", "c2pa", *manifests)

# ---- containers -----------------------------------------------------------------------------

def jpeg(*segments):
    return b"\xff\xd8" + b"".join(segments) + b"\xff\xda\x00\x02" + b"\x00" * 8 + b"\xff\xd9"

def app(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

def app1_xmp(packet):
    return app(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet.encode())

def app11(jumbf, chunk=60000, instance=1):
    # first segment: CI "JP", En, Z=1, then the box from its header; later segments repeat the
    # 8-byte box header before their part of the body
    header, body = jumbf[:8], jumbf[8:]
    first = body[: chunk]
    segs = [app(0xEB, b"JP" + struct.pack(">HI", instance, 1) + header + first)]
    rest, z = body[chunk:], 2
    while rest:
        segs.append(app(0xEB, b"JP" + struct.pack(">HI", instance, z) + header + rest[:chunk]))
        rest, z = rest[chunk:], z + 1
    return b"".join(segs)

def png(*chunks):
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(chunk(t, d) for t, d in chunks)
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))

def itxt_xmp(packet):
    return (b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet.encode())

def xmp(props, attrs=""):
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" '
            'xmlns:tdm="http://www.w3.org/ns/tdmrep/"%s>%s</rdf:Description></rdf:RDF>'
            '</x:xmpmeta>\n<?xpacket end="w"?>' % (attrs, props))

def dm(code):
    return '<plus:DataMining rdf:resource="http://ns.useplus.org/ldf/vocab/%s"/>' % code

CAWG = "cawg.training-mining"
LEGACY = "c2pa.training-mining"

def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)

def main():
    os.makedirs(OUT, exist_ok=True)
    write("m1.jpg", jpeg(app1_xmp(xmp(dm("DMI-PROHIBITED-AIMLTRAINING")))))
    write("m2.png", png(itxt_xmp(xmp(dm("DMI-PROHIBITED-GENAIMLTRAINING")))))
    write("m6.jpg", jpeg(app11(store(manifest(1, assertion(LEGACY, {"entries": {
        "c2pa.ai_generative_training": {"use": "notAllowed"}}}))))))
    write("m7.png", png((b"caBX", store(manifest(1, assertion(CAWG, {"entries": {
        "cawg.ai_training": {"use": "constrained", "constraint_info": "contact x"}}}))))))
    write("m8.c2pa", store(manifest(1, assertion(CAWG, {"entries": {
        "cawg.data_mining": {"use": "allowed"}}}))))
    write("m9.jpg", jpeg(app11(store(manifest(1, assertion(CAWG, {"entries": {
        "cawg.ai_generative_training": {"use": "notAllowed"}}}), signature=b"not a COSE signature")))))
    write("m10.jpg", jpeg(app1_xmp(xmp(dm("DMI-ALLOWED"))), app11(store(manifest(1, assertion(
        CAWG, {"entries": {"cawg.ai_generative_training": {"use": "notAllowed"}}}))))))
    write("m11.c2pa", store(manifest(1, assertion(CAWG, {"entries": {
        "cawg.ai_inference": {"use": "constrained", "constraints_info": "licence needed"}}}))))
    pdf_xmp = xmp(dm("DMI-ALLOWED") + "<tdm:reservation>1</tdm:reservation>"
                  "<tdm:policy>https://example.com/policy.json</tdm:policy>")
    write("m12.pdf", ("%%PDF-1.7\n1 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\n"
                      "stream\n%s\nendstream\nendobj\n%%%%EOF\n" % (len(pdf_xmp), pdf_xmp)).encode())
    # beyond the spec
    write("split.jpg", jpeg(app11(store(manifest(1, assertion(CAWG, {"entries": {
        "cawg.ai_training": {"use": "notAllowed", "constraint_info": "x" * 300}}}))), chunk=100)))
    write("json.c2pa", store(manifest(1, assertion(LEGACY, {"entries": {
        "c2pa.data_mining": {"use": "notAllowed"}}}, kind="json"))))
    write("nowrapper.c2pa", store(manifest(1, assertion(CAWG + "__1", {
        "cawg.ai_generative_training": {"use": "notAllowed"}, "cawg.ai_training": {"use": "allowed"}}))))
    write("active_last.c2pa", store(
        manifest(1, assertion(CAWG, {"entries": {"cawg.ai_training": {"use": "notAllowed"}}})),
        manifest(2, assertion("c2pa.actions", {"actions": [{"action": "c2pa.edited"}]}))))
    whole = jpeg(app11(store(manifest(1, assertion(CAWG, {"entries": {
        "cawg.ai_training": {"use": "notAllowed"}}})))))
    write("truncated.jpg", whole[: len(whole) // 2])
    # an indefinite-length map (0xbf ... 0xff): not deterministic CBOR
    write("indefinite.c2pa", store(manifest(1, assertion(CAWG, b"\xbf" + cbor("entries")[0:] +
                                                         cbor({}) + b"\xff", kind="raw"))))
    write("noassertion.png", png((b"caBX", store(manifest(1, assertion(
        "c2pa.actions", {"actions": []}))))))
    # a RIFF/WebP-like container with a "C2PA" chunk: found by the JUMBF scan, whatever the box
    cawg = store(manifest(1, assertion(CAWG, {"entries": {"cawg.ai_inference": {"use": "notAllowed"}}})))
    write("riff.webp", b"RIFF" + struct.pack("<I", 4 + 8 + len(cawg)) + b"WEBP" + b"C2PA" +
          struct.pack("<I", len(cawg)) + cawg)
    write("plain.jpg", jpeg(app(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")))

if __name__ == "__main__":
    main()
