// Command apigwlab is an AWS API Gateway simulator and learning lab for the terminal.
package main

import (
	"os"

	"apigwlab/cli"
)

func main() {
	os.Exit(cli.Execute())
}
