"""The example central against sync/vectors/ alone: python3 -m unittest (in this folder)."""
import json
import unittest

import payloads
import receiver
from receiver import Refusal
from store import Store
from wire import SYNC, pb, record_hash, verify

VECTORS = json.loads((SYNC / "vectors" / "uplink-v1.json").read_text(encoding="utf-8"))


def golden(kind):
    return json.loads((SYNC / "vectors" / "payloads" / f"{kind}.json").read_text(encoding="utf-8"))


class Vectors(unittest.TestCase):
    def test_record_hashes_and_links(self):
        prev = bytes(32)
        for r in VECTORS["records"]:
            self.assertEqual(r["prevHash"], prev.hex())
            prev = record_hash(r["seq"], r["idempotencyKey"], r["kind"], r["createdAtMs"], r["clockSuspect"],
                               bytes.fromhex(r["payloadSha256"]), prev)
            self.assertEqual(prev.hex(), r["recordHash"], r["seq"])

    def test_signed_batch_verifies_as_received(self):
        signed = pb.SignedBatch()
        signed.ParseFromString(bytes.fromhex(VECTORS["batch"]["signedBatchHex"]))
        self.assertEqual(signed.batch.hex(), VECTORS["batch"]["batchHex"])
        key = bytes.fromhex(VECTORS["node"]["publicKey"])
        self.assertTrue(verify(key, signed.batch, signed.signature))
        self.assertFalse(verify(key, signed.batch + b"\0", signed.signature))

    def test_ack_and_registration_decode(self):
        ack = pb.Ack()
        ack.ParseFromString(bytes.fromhex(VECTORS["ack"]["hex"]))
        self.assertEqual(list(ack.accepted), VECTORS["ack"]["value"]["accepted"])
        reg = pb.Registration()
        reg.ParseFromString(bytes.fromhex(VECTORS["registration"]["hex"]))
        self.assertEqual(reg.public_key.hex(), VECTORS["registration"]["value"]["publicKey"])

    def test_golden_payloads_pass_and_bent_ones_fail(self):
        for kind in payloads.KINDS:
            body = golden(kind)
            self.assertIsNone(payloads.problem(kind, json.dumps(body).encode()), kind)
            self.assertIsNone(payloads.problem(kind, json.dumps({**body, "newer": [1]}).encode()), kind)
            required = payloads.VALIDATORS[kind].schema["required"]
            del body[required[0]]
            self.assertIn(required[0], payloads.problem(kind, json.dumps(body).encode()), kind)
        self.assertEqual(payloads.problem("alarm", b"[1]"), "payload is not a JSON object")
        self.assertEqual(payloads.problem("alarm", b"\xff"), "payload is not UTF-8")


class Receiving(unittest.TestCase):
    def setUp(self):
        self.store = Store(":memory:")
        self.key = bytes.fromhex(VECTORS["node"]["publicKey"])

    def test_an_administrator_registered_node_sends_the_golden_batch(self):
        reg = bytes.fromhex(VECTORS["registration"]["hex"])
        with self.assertRaises(Refusal) as refused:
            receiver.register(self.store, reg)
        self.assertEqual((refused.exception.status, refused.exception.code), (401, "KAKOU_E_SYNC_UNKNOWN_NODE"))
        self.store.add_node("kakou-jx-01", self.key, "", 0)
        self.assertEqual(receiver.register(self.store, reg), "same")
        signed = bytes.fromhex(VECTORS["batch"]["signedBatchHex"])
        ack = receiver.receive(self.store, signed)
        self.assertEqual(ack.highest_contiguous_seq, 3)  # record 3 is evicted telemetry: stored without payload
        self.assertEqual(list(ack.accepted), [1, 2, 3])
        again = receiver.receive(self.store, signed)
        self.assertEqual((list(again.accepted), list(again.rejected)), ([1, 2, 3], []))

    def test_an_enrolment_token_is_used_once(self):
        self.store.add_token("kakou-jx-01", receiver.token_digest("t0ken"), receiver.now_ms() + 60_000)
        reg = pb.Registration()
        reg.ParseFromString(bytes.fromhex(VECTORS["registration"]["hex"]))
        reg.enrolment_token = "t0ken"
        self.assertEqual(receiver.register(self.store, reg.SerializeToString()), "created")
        reg.public_key = bytes(32)
        with self.assertRaises(Refusal) as refused:
            receiver.register(self.store, reg.SerializeToString())
        self.assertEqual(refused.exception.code, "KAKOU_E_SYNC_KEY_CONFLICT")

    def test_reviews_name_stored_inspection_records_only(self):
        self.store.add_node("kakou-jx-01", self.key, "", 0)
        receiver.receive(self.store, bytes.fromhex(VECTORS["batch"]["signedBatchHex"]))
        self.assertTrue(self.store.add_review("kakou-jx-01", 1, "refused", "no photo", "reviewer", "2026-12-04T03:10:00.000Z"))
        self.assertFalse(self.store.add_review("kakou-jx-01", 2, "refused", "an alarm", "reviewer", "2026-12-04T03:10:00.000Z"))
        (review,) = self.store.reviews("kakou-jx-01", 0, 10)
        self.assertEqual((review["seq"], review["recordId"], review["outcome"]), (1, "a3f1", "refused"))
        self.assertEqual(self.store.reviews("kakou-jx-01", review["id"], 10), [])

    def test_a_revoked_node_is_refused_and_its_records_kept(self):
        self.store.add_node("kakou-jx-01", self.key, "", 0)
        signed = bytes.fromhex(VECTORS["batch"]["signedBatchHex"])
        receiver.receive(self.store, signed)
        self.store.revoke("kakou-jx-01", "site closed", 1)
        for call, body in ((receiver.receive, signed),
                           (receiver.register, bytes.fromhex(VECTORS["registration"]["hex"]))):
            with self.assertRaises(Refusal) as refused:
                call(self.store, body)
            self.assertEqual((refused.exception.status, refused.exception.code), (403, "KAKOU_E_SYNC_REVOKED"))
        self.assertIsNotNone(self.store.record("kakou-jx-01", 3))


if __name__ == "__main__":
    unittest.main()
