// Checks an entry's inclusion proof in the browser, taking nothing the server computed
// on trust: the leaf hash is recomputed from the entry's exact bytes, the root from the
// proof (RFC 9162 section 2.1.3.2), and the checkpoint's Ed25519 signature with WebCrypto.
"use strict";

(() => {
  const section = document.getElementById("proof");
  const button = document.getElementById("verify-proof");
  const result = document.getElementById("verify-result");
  if (!section || !button || !result || !section.dataset.body) {
    return;
  }
  const data = section.dataset;
  button.hidden = false;

  const fromHex = (hex) => Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
  const fromBase64 = (text) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  const same = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

  async function sha256(...parts) {
    const data = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  }

  const leafHash = (bytes) => sha256(Uint8Array.of(0), bytes);
  const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);

  // The root that `path` gives for leaf `index` of a tree of `size` leaves, or null
  // where the proof has the wrong length (RFC 9162 section 2.1.3.2).
  async function rootFromProof(leaf, index, size, path) {
    let fn = BigInt(index);
    let sn = BigInt(size) - 1n;
    if (fn > sn) {
      return null;
    }
    let r = leaf;
    for (const p of path) {
      if (sn === 0n) {
        return null;
      }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(p, r);
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n ? r : null;
  }

  // true or false; null where this browser cannot check Ed25519 signatures.
  async function signatureHolds(publicKey) {
    const note = `sovet-checkpoint/v1\n${data.size}\n${data.root}\n${data.timestamp}\n`;
    let key;
    try {
      key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    } catch {
      return null;
    }
    return crypto.subtle.verify(
      { name: "Ed25519" }, key, fromBase64(data.signature), new TextEncoder().encode(note),
    );
  }

  function show(verified, headline, checks) {
    result.replaceChildren();
    result.className = `verify-result ${verified ? "notice notice-done" : "notice notice-refused"}`;
    const title = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = headline;
    title.append(strong);
    const list = document.createElement("ul");
    for (const [passed, text] of checks) {
      const item = document.createElement("li");
      item.textContent = `${passed === true ? "✓" : passed === false ? "✗" : "–"} ${text}`;
      list.append(item);
    }
    result.append(title, list);
  }

  async function verify() {
    if (!window.crypto || !crypto.subtle) {
      show(false, "Your browser cannot check this page's proof here.", [
        [null, "Browsers offer SHA-256 to pages only over HTTPS (or from this computer)."],
      ]);
      return;
    }
    const leaf = await leafHash(new TextEncoder().encode(data.body));
    const path = data.path ? data.path.split(" ").map(fromHex) : [];
    const root = await rootFromProof(leaf, data.index, data.size, path);
    const signedRoot = fromBase64(data.root);
    const publicKey = fromBase64(data.publicKey);
    const keyId = toHex(await sha256(publicKey)).slice(0, 16);
    const signature = await signatureHolds(publicKey);
    const included = root !== null && same(root, signedRoot);
    const checks = [
      [toHex(leaf) === data.leaf, `leaf hash of the entry's bytes: ${toHex(leaf)}`],
      [included, root === null
        ? "the proof has the wrong length for this tree"
        : `root from the proof: ${toHex(root)} ${included ? "equals" : "differs from"} the signed root`],
      [keyId === data.keyId, `the checkpoint names key ${data.keyId}; the public key's id is ${keyId}`],
      [signature, signature === null
        ? "this browser cannot check Ed25519 signatures: compare the key and signature with another tool"
        : `the checkpoint's signature is ${signature ? "valid" : "NOT valid"} for the public key`],
    ];
    const verified = included && keyId === data.keyId && signature !== false;
    show(
      verified,
      verified
        ? `Verified in your browser: entry ${data.index} is in the record of ${data.size} entries that the checkpoint signs.`
        : "NOT verified: the proof does not show this entry in the signed record.",
      checks,
    );
  }

  button.addEventListener("click", () => {
    button.disabled = true;
    verify()
      .catch((error) => show(false, "The check failed to run.", [[false, String(error)]]))
      .finally(() => {
        button.disabled = false;
      });
  });
})();
