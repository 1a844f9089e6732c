"""Creates what the detail-read scenarios of bench/oauth_bench.sh read, through the running
server's own API, with one access token: a user (approved through the test-mode helper), a
receivable of that user and a webhook endpoint. Prints shell assignments of their ids.

    python bench/api_objects.py BASE_URL ACCESS_TOKEN
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.factories import receivable_body, user_body  # noqa: E402


def main() -> None:
    base, token = sys.argv[1], sys.argv[2]
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:

        def post(path: str, body: dict[str, object]) -> dict[str, object]:
            response = http.post(path, json=body)
            if response.status_code != 200:
                raise SystemExit(f"POST {path}: HTTP {response.status_code} {response.text}")
            answer: dict[str, object] = response.json()
            return answer

        user = post("/v1/users", user_body())
        post(f"/v1/test_helpers/users/{user['id']}/verify", {"outcome": "approved"})
        receivable = post("/v1/receivables", receivable_body(str(user["id"])))
        webhook = post("/v1/webhooks", {"url": "http://127.0.0.1:9/cleavr-bench"})
    print(f"USER_ID={user['id']}")
    print(f"RECEIVABLE_ID={receivable['id']}")
    print(f"WEBHOOK_ID={webhook['id']}")


if __name__ == "__main__":
    main()
