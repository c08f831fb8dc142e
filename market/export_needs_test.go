package market

import "github.com/caremarket/caremarket/agents"

// SeekerView is what the tests of the interim arrangements see of a child
// without a placement.
type SeekerView struct {
	Tier      agents.Tier
	AgeWeeks  int
	WaitPence int64 // pence a week of its interim arrangement
	LastPence int64 // pence a week of its ended registered placement, 0 for none
}

// Seekers returns the children without a placement (not unregistered).
func (w *World) Seekers() []SeekerView {
	k := &w.kids
	var out []SeekerView
	for id, a := range k.alive {
		if a && k.hot[id].setting == agents.Seeking {
			out = append(out, SeekerView{Tier: k.hot[id].tier, AgeWeeks: w.week - int(k.hot[id].birth), WaitPence: k.hot[id].waitPrice, LastPence: k.lastPrice[id]})
		}
	}
	return out
}

// HardToPlace reports whether child id drew the hard-to-place class.
func (w *World) HardToPlace(id int32) bool { return w.kids.hot[id].hard }

// HomeChildren returns the age in weeks and tier of every child in a
// children's home.
func (w *World) HomeChildren() (ages []int, tiers []agents.Tier) {
	k := &w.kids
	for id, a := range k.alive {
		if a && k.hot[id].setting == agents.ChildrensHome {
			ages = append(ages, w.week-int(k.hot[id].birth))
			tiers = append(tiers, k.hot[id].tier)
		}
	}
	return ages, tiers
}

// SeekingByPlaceability counts the traded children (not in an untraded
// setting) who are hard to place and easy to place, and those of each who
// are without a registered placement (waiting or unregistered).
func (w *World) SeekingByPlaceability() (hardSeeking, hard, easySeeking, easy int) {
	k := &w.kids
	for id, a := range k.alive {
		if !a || k.hot[id].setting == agents.Other {
			continue
		}
		seeking := k.hot[id].setting == agents.Seeking || k.hot[id].setting == agents.Unregistered
		if k.hot[id].hard {
			hard++
			if seeking {
				hardSeeking++
			}
		} else {
			easy++
			if seeking {
				easySeeking++
			}
		}
	}
	return
}
