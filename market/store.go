package market

import (
	"github.com/caremarket/caremarket/agents"
)

// children holds every child in columns; a slot is reused after its child
// leaves care.
type children struct {
	alive     []bool
	hot       []childHot // what a search reads of a seeker, one record a child
	unit      []int32    // home, household or region (unregistered) index; -1
	price     []int64    // agreed weekly price in pence
	varCost   []float64
	dist      []float32 // km from home
	endWeek   []int32
	gen       []uint32 // bumped when the slot is reused
	bdStamp   []uint32 // bumped when the child's placement changes
	placed    []bool   // has had a placement in this episode
	block     []bool   // placed in a co-op block place
	flags     []uint8  // counted in over-20-miles, out-of-area, over-£500k
	placesYr  []uint8  // placements held in the current financial year
	queued    []bool   // has an entry in a seeker queue
	start     []int32  // engine week the episode started (negative for the starting stock)
	lastPrice []int64  // pence a week of the registered placement that last ended, 0 for none
	since     []int32  // engine week the current placement began
	free      []int32
	n         int // children in care
}

// childHot holds the fields of a child that matching reads for every
// seeker, every week, in one 32-byte record: a seeker not in cache costs
// one miss rather than one for each column (docs/performance.md).
type childHot struct {
	x, y      float32
	birth     int32 // engine week of birth (may be negative)
	seekSince int32 // engine week the child began seeking, -1 when not seeking
	waitPrice int64 // pence a week of the interim arrangement while seeking (docs/model.md 4.2)
	council   int16
	region    int8
	tier      agents.Tier
	setting   agents.Setting
	uasc      bool
	hard      bool // hard to place: acceptance scaled by the placeability factor (docs/model.md 4.2)
}

const (
	flagOver20 uint8 = 1 << iota
	flagOutOfArea
	flagOver500k
)

func (c *children) grow(n int) {
	c.alive = append(c.alive, make([]bool, n)...)
	c.hot = append(c.hot, make([]childHot, n)...)
	c.unit = append(c.unit, make([]int32, n)...)
	c.price = append(c.price, make([]int64, n)...)
	c.varCost = append(c.varCost, make([]float64, n)...)
	c.dist = append(c.dist, make([]float32, n)...)
	c.endWeek = append(c.endWeek, make([]int32, n)...)
	c.gen = append(c.gen, make([]uint32, n)...)
	c.bdStamp = append(c.bdStamp, make([]uint32, n)...)
	c.placed = append(c.placed, make([]bool, n)...)
	c.block = append(c.block, make([]bool, n)...)
	c.flags = append(c.flags, make([]uint8, n)...)
	c.placesYr = append(c.placesYr, make([]uint8, n)...)
	c.queued = append(c.queued, make([]bool, n)...)
	c.start = append(c.start, make([]int32, n)...)
	c.lastPrice = append(c.lastPrice, make([]int64, n)...)
	c.since = append(c.since, make([]int32, n)...)
}

// add returns a free slot for a new child.
func (c *children) add() int32 {
	var id int32
	if k := len(c.free); k > 0 {
		id = c.free[k-1]
		c.free = c.free[:k-1]
	} else {
		id = int32(len(c.alive))
		grow := len(c.alive)/4 + 1024
		c.grow(grow)
		for j := len(c.alive) - 1; j > int(id); j-- {
			c.free = append(c.free, int32(j))
		}
	}
	c.alive[id] = true
	c.gen[id]++
	c.bdStamp[id]++
	c.unit[id] = -1
	c.price[id] = 0
	c.varCost[id] = 0
	c.dist[id] = 0
	c.hot[id].seekSince = -1
	c.placed[id] = false
	c.block[id] = false
	c.flags[id] = 0
	c.placesYr[id] = 0
	c.n++
	return id
}

func (c *children) remove(id int32) {
	c.alive[id] = false
	c.gen[id]++
	c.bdStamp[id]++
	c.hot[id].seekSince = -1
	c.free = append(c.free, id)
	c.n--
}

// calendar holds scheduled endings and breakdowns in one list per week.
// Entries carry a stamp; an entry whose stamp no longer matches the child's
// is stale and skipped. Each week's list is a chain of chunks of calChunkKeys
// keys in one chunk array with a free list, so a steady-state week allocates
// nothing, and taking a week reads whole chunks in order instead of
// following one scattered link per key (the links were a chain of dependent
// cache misses; docs/performance.md).
type calendar struct {
	ends, breaks []int32 // head chunk of each week's list, -1 for none
	chunks       []calChunk
	free         int32 // head of the free list, -1 for none
}

// calChunkKeys makes a chunk 256 bytes: 31 keys, a count and a link.
const calChunkKeys = 31

// calChunk holds up to calChunkKeys keys of one week's list, oldest first;
// next is the chunk of the keys added before them, -1 for none.
type calChunk struct {
	keys [calChunkKeys]uint64
	n    int32
	next int32
}

func pack(id int32, stamp uint32) uint64 { return uint64(uint32(id))<<32 | uint64(stamp) }
func unpack(e uint64) (int32, uint32)    { return int32(uint32(e >> 32)), uint32(e) }

func (c *calendar) reset(weeks int) {
	if cap(c.ends) >= weeks+1 {
		c.ends = c.ends[:weeks+1]
		c.breaks = c.breaks[:weeks+1]
	} else {
		c.ends = make([]int32, weeks+1)
		c.breaks = make([]int32, weeks+1)
	}
	for i := range c.ends {
		c.ends[i], c.breaks[i] = -1, -1
	}
	c.chunks = c.chunks[:0]
	c.free = -1
}

// add schedules key in week of list (c.ends or c.breaks); weeks past the
// horizon are dropped.
func (c *calendar) add(list []int32, week int, key uint64) {
	if week >= len(list) {
		return
	}
	h := list[week]
	if h < 0 || c.chunks[h].n == calChunkKeys {
		i := c.free
		if i >= 0 {
			c.free = c.chunks[i].next
		} else {
			i = int32(len(c.chunks))
			c.chunks = append(c.chunks, calChunk{})
		}
		c.chunks[i].n, c.chunks[i].next = 0, h
		list[week], h = i, i
	}
	ch := &c.chunks[h]
	ch.keys[ch.n] = key
	ch.n++
}

// take removes week's list from list and calls fn for each of its keys, the
// last added first (the order of the linked list this replaced, which the
// outputs depend on). Each chunk's keys are copied and the chunk goes back
// to the free list before fn is called, so fn may schedule. touch, when
// not nil, is given each chunk's keys before fn sees them, to load what fn
// will read (World.touchKeys).
func (c *calendar) take(list []int32, week int, touch func(keys []uint64), fn func(key uint64)) {
	i := list[week]
	list[week] = -1
	for i >= 0 {
		ch := &c.chunks[i]
		n, next := ch.n, ch.next
		if touch != nil {
			touch(ch.keys[:n]) // before the copy, which would escape if passed on
		}
		keys := ch.keys
		ch.next = c.free
		c.free = i
		for j := n - 1; j >= 0; j-- {
			fn(keys[j])
		}
		i = next
	}
}

// costTable holds unit costs by region, setting and tier, refreshed when
// wage indices change.
type costTable struct {
	// unit[r][s][t] is ĉ at oRef; fixed and variable parts kept apart.
	unit     [][agents.NumSettings][agents.NumTiers]float64
	variable [][agents.NumSettings][agents.NumTiers]float64
	fixed    [][agents.NumSettings]float64 // cF per registered or approved place-week
}

// scratch holds buffers reused across weeks so matching allocates nothing.
type scratch struct {
	touched   uint32 // a sink for touchKeys' reads
	cands     []cand
	drawn     []uint64 // bestOfSubset's positions drawn, one bit each
	prices    []float64
	ids       []int32
	floats    []float64
	one       [1]int
	segs      [][]int32
	regPlaces []float64
	invest    []investCell
	picks     []int32
	elig      [][]int32
	agencies  [][]int32
	planned   []int32   // child and setting mask pairs of planned moves
	weights   []float64 // build weights of a region's eligible providers (invest.go)
	nElig     []int32   // regions where each provider may build (invest.go)
	eligMarks []uint64  // regions where each provider may build, as bits (markEligible)
	gap       []int32   // each council's sufficiency gap by tier (councilbuild.go)
}

type cand struct {
	gc    float64
	price float64
	dist  float32 // km from the child's home
	unit  int32
	home  bool
	block bool
}
