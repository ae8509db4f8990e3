// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// A minimal net/http intake endpoint for the throughput comparison: what APM Server is built on,
// without its decoding. It reads the body, checks the Bearer token and answers 202.
package main

import (
	"crypto/subtle"
	"flag"
	"io"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:18210", "address")
	cert := flag.String("cert", "", "certificate (TLS when set)")
	key := flag.String("key", "", "private key")
	token := flag.String("token", "", "expected secret token")
	flag.Parse()
	want := []byte("Bearer " + *token)
	http.HandleFunc("/intake/v2/events", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	var err error
	if *cert != "" {
		err = http.ListenAndServeTLS(*addr, *cert, *key, nil)
	} else {
		err = http.ListenAndServe(*addr, nil)
	}
	log.Fatal(err)
}
