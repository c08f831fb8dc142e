package english_test

import (
	"fmt"

	"github.com/caremarket/caremarket/internal/english"
)

func ExampleJoinAnd() {
	fmt.Printf("%q\n", english.JoinAnd(nil))
	fmt.Println(english.JoinAnd([]string{"London"}))
	fmt.Println(english.JoinAnd([]string{"London", "North East"}))
	fmt.Println(english.JoinAnd([]string{"North East", "London", "South West"}))
	// Output:
	// ""
	// London
	// London and North East
	// North East, London and South West
}
